# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'register_form.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QComboBox, QGridLayout, QGroupBox,
    QHBoxLayout, QLabel, QLineEdit, QPushButton,
    QSizePolicy, QSpacerItem, QSpinBox, QVBoxLayout,
    QWidget)

class Ui_RegisterForm(object):
    def setupUi(self, RegisterForm):
        if not RegisterForm.objectName():
            RegisterForm.setObjectName(u"RegisterForm")
        RegisterForm.resize(820, 600)
        self.outerLayout = QVBoxLayout(RegisterForm)
        self.outerLayout.setSpacing(4)
        self.outerLayout.setObjectName(u"outerLayout")
        self.outerLayout.setContentsMargins(6, 6, 6, 6)
        self.topLayout = QHBoxLayout()
        self.topLayout.setObjectName(u"topLayout")
        self.scanLayout = QVBoxLayout()
        self.scanLayout.setObjectName(u"scanLayout")
        self.scanEdit = QLineEdit(RegisterForm)
        self.scanEdit.setObjectName(u"scanEdit")
        self.scanEdit.setClearButtonEnabled(True)

        self.scanLayout.addWidget(self.scanEdit)

        self.scanStatusLabel = QLabel(RegisterForm)
        self.scanStatusLabel.setObjectName(u"scanStatusLabel")
        self.scanStatusLabel.setTextFormat(Qt.PlainText)

        self.scanLayout.addWidget(self.scanStatusLabel)

        self.screenshotStatusLabel = QLabel(RegisterForm)
        self.screenshotStatusLabel.setObjectName(u"screenshotStatusLabel")
        self.screenshotStatusLabel.setTextFormat(Qt.PlainText)
        self.screenshotStatusLabel.setWordWrap(True)

        self.scanLayout.addWidget(self.screenshotStatusLabel)

        self.warningsLabel = QLabel(RegisterForm)
        self.warningsLabel.setObjectName(u"warningsLabel")
        self.warningsLabel.setTextFormat(Qt.PlainText)
        self.warningsLabel.setWordWrap(True)

        self.scanLayout.addWidget(self.warningsLabel)


        self.topLayout.addLayout(self.scanLayout)

        self.thumbnailLabel = QLabel(RegisterForm)
        self.thumbnailLabel.setObjectName(u"thumbnailLabel")
        self.thumbnailLabel.setMinimumSize(QSize(48, 72))
        self.thumbnailLabel.setMaximumSize(QSize(48, 72))
        self.thumbnailLabel.setAlignment(Qt.AlignCenter)
        self.thumbnailLabel.setTextFormat(Qt.PlainText)
        self.thumbnailLabel.setWordWrap(True)

        self.topLayout.addWidget(self.thumbnailLabel)


        self.outerLayout.addLayout(self.topLayout)

        self.carLabel = QLabel(RegisterForm)
        self.carLabel.setObjectName(u"carLabel")
        self.carLabel.setTextFormat(Qt.PlainText)
        self.carLabel.setWordWrap(True)

        self.outerLayout.addWidget(self.carLabel)

        self.columnsLayout = QHBoxLayout()
        self.columnsLayout.setSpacing(12)
        self.columnsLayout.setObjectName(u"columnsLayout")
        self.fieldsGrid = QGridLayout()
        self.fieldsGrid.setObjectName(u"fieldsGrid")
        self.fieldsGrid.setVerticalSpacing(4)
        self.docTypeLabel = QLabel(RegisterForm)
        self.docTypeLabel.setObjectName(u"docTypeLabel")

        self.fieldsGrid.addWidget(self.docTypeLabel, 0, 0, 1, 1)

        self.docTypeCombo = QComboBox(RegisterForm)
        self.docTypeCombo.setObjectName(u"docTypeCombo")

        self.fieldsGrid.addWidget(self.docTypeCombo, 0, 1, 1, 1)

        self.docNumberLabel = QLabel(RegisterForm)
        self.docNumberLabel.setObjectName(u"docNumberLabel")

        self.fieldsGrid.addWidget(self.docNumberLabel, 1, 0, 1, 1)

        self.docNumberEdit = QLineEdit(RegisterForm)
        self.docNumberEdit.setObjectName(u"docNumberEdit")
        self.docNumberEdit.setMaxLength(40)

        self.fieldsGrid.addWidget(self.docNumberEdit, 1, 1, 1, 1)

        self.docHintLabel = QLabel(RegisterForm)
        self.docHintLabel.setObjectName(u"docHintLabel")
        self.docHintLabel.setTextFormat(Qt.PlainText)

        self.fieldsGrid.addWidget(self.docHintLabel, 2, 1, 1, 1)

        self.nameLabel = QLabel(RegisterForm)
        self.nameLabel.setObjectName(u"nameLabel")

        self.fieldsGrid.addWidget(self.nameLabel, 3, 0, 1, 1)

        self.nameEdit = QLineEdit(RegisterForm)
        self.nameEdit.setObjectName(u"nameEdit")
        self.nameEdit.setMaxLength(40)

        self.fieldsGrid.addWidget(self.nameEdit, 3, 1, 1, 1)

        self.phoneLabel = QLabel(RegisterForm)
        self.phoneLabel.setObjectName(u"phoneLabel")

        self.fieldsGrid.addWidget(self.phoneLabel, 4, 0, 1, 1)

        self.phoneEdit = QLineEdit(RegisterForm)
        self.phoneEdit.setObjectName(u"phoneEdit")
        self.phoneEdit.setMaxLength(20)

        self.fieldsGrid.addWidget(self.phoneEdit, 4, 1, 1, 1)

        self.phoneHintLabel = QLabel(RegisterForm)
        self.phoneHintLabel.setObjectName(u"phoneHintLabel")
        self.phoneHintLabel.setTextFormat(Qt.PlainText)

        self.fieldsGrid.addWidget(self.phoneHintLabel, 5, 1, 1, 1)

        self.plateLabel = QLabel(RegisterForm)
        self.plateLabel.setObjectName(u"plateLabel")

        self.fieldsGrid.addWidget(self.plateLabel, 6, 0, 1, 1)

        self.plateLayout = QHBoxLayout()
        self.plateLayout.setObjectName(u"plateLayout")
        self.plateProvinceCombo = QComboBox(RegisterForm)
        self.plateProvinceCombo.setObjectName(u"plateProvinceCombo")

        self.plateLayout.addWidget(self.plateProvinceCombo)

        self.plateEdit = QLineEdit(RegisterForm)
        self.plateEdit.setObjectName(u"plateEdit")
        self.plateEdit.setMaxLength(12)

        self.plateLayout.addWidget(self.plateEdit)


        self.fieldsGrid.addLayout(self.plateLayout, 6, 1, 1, 1)

        self.plateHintLabel = QLabel(RegisterForm)
        self.plateHintLabel.setObjectName(u"plateHintLabel")
        self.plateHintLabel.setTextFormat(Qt.PlainText)

        self.fieldsGrid.addWidget(self.plateHintLabel, 7, 1, 1, 1)

        self.originLabel = QLabel(RegisterForm)
        self.originLabel.setObjectName(u"originLabel")

        self.fieldsGrid.addWidget(self.originLabel, 8, 0, 1, 1)

        self.originLayout = QVBoxLayout()
        self.originLayout.setObjectName(u"originLayout")
        self.originEdit = QLineEdit(RegisterForm)
        self.originEdit.setObjectName(u"originEdit")

        self.originLayout.addWidget(self.originEdit)

        self.originCombos = QHBoxLayout()
        self.originCombos.setObjectName(u"originCombos")
        self.provinceCombo = QComboBox(RegisterForm)
        self.provinceCombo.setObjectName(u"provinceCombo")

        self.originCombos.addWidget(self.provinceCombo)

        self.cityCombo = QComboBox(RegisterForm)
        self.cityCombo.setObjectName(u"cityCombo")

        self.originCombos.addWidget(self.cityCombo)

        self.countyCombo = QComboBox(RegisterForm)
        self.countyCombo.setObjectName(u"countyCombo")

        self.originCombos.addWidget(self.countyCombo)


        self.originLayout.addLayout(self.originCombos)


        self.fieldsGrid.addLayout(self.originLayout, 8, 1, 1, 1)

        self.destinationLabel = QLabel(RegisterForm)
        self.destinationLabel.setObjectName(u"destinationLabel")

        self.fieldsGrid.addWidget(self.destinationLabel, 9, 0, 1, 1)

        self.destinationLayout = QHBoxLayout()
        self.destinationLayout.setObjectName(u"destinationLayout")
        self.destinationCombo = QComboBox(RegisterForm)
        self.destinationCombo.setObjectName(u"destinationCombo")

        self.destinationLayout.addWidget(self.destinationCombo)

        self.destinationAddressEdit = QLineEdit(RegisterForm)
        self.destinationAddressEdit.setObjectName(u"destinationAddressEdit")
        self.destinationAddressEdit.setMaxLength(200)

        self.destinationLayout.addWidget(self.destinationAddressEdit)

        self.destinationLayout.setStretch(0, 2)
        self.destinationLayout.setStretch(1, 3)

        self.fieldsGrid.addLayout(self.destinationLayout, 9, 1, 1, 1)

        self.reasonLabel = QLabel(RegisterForm)
        self.reasonLabel.setObjectName(u"reasonLabel")

        self.fieldsGrid.addWidget(self.reasonLabel, 10, 0, 1, 1)

        self.reasonCombo = QComboBox(RegisterForm)
        self.reasonCombo.setObjectName(u"reasonCombo")
        self.reasonCombo.setEditable(True)

        self.fieldsGrid.addWidget(self.reasonCombo, 10, 1, 1, 1)


        self.columnsLayout.addLayout(self.fieldsGrid)

        self.checksGrid = QGridLayout()
        self.checksGrid.setObjectName(u"checksGrid")
        self.checksGrid.setVerticalSpacing(4)
        self.temperatureLabel = QLabel(RegisterForm)
        self.temperatureLabel.setObjectName(u"temperatureLabel")

        self.checksGrid.addWidget(self.temperatureLabel, 0, 0, 1, 1)

        self.temperatureLayout = QHBoxLayout()
        self.temperatureLayout.setObjectName(u"temperatureLayout")
        self.temperatureEdit = QLineEdit(RegisterForm)
        self.temperatureEdit.setObjectName(u"temperatureEdit")
        self.temperatureEdit.setMaxLength(6)

        self.temperatureLayout.addWidget(self.temperatureEdit)

        self.temperatureHintLabel = QLabel(RegisterForm)
        self.temperatureHintLabel.setObjectName(u"temperatureHintLabel")
        self.temperatureHintLabel.setTextFormat(Qt.PlainText)

        self.temperatureLayout.addWidget(self.temperatureHintLabel)


        self.checksGrid.addLayout(self.temperatureLayout, 0, 1, 1, 1)

        self.healthColourLabel = QLabel(RegisterForm)
        self.healthColourLabel.setObjectName(u"healthColourLabel")

        self.checksGrid.addWidget(self.healthColourLabel, 1, 0, 1, 1)

        self.healthColourLayout = QHBoxLayout()
        self.healthColourLayout.setObjectName(u"healthColourLayout")
        self.healthGreenButton = QPushButton(RegisterForm)
        self.healthGreenButton.setObjectName(u"healthGreenButton")
        self.healthGreenButton.setCheckable(True)

        self.healthColourLayout.addWidget(self.healthGreenButton)

        self.healthYellowButton = QPushButton(RegisterForm)
        self.healthYellowButton.setObjectName(u"healthYellowButton")
        self.healthYellowButton.setCheckable(True)

        self.healthColourLayout.addWidget(self.healthYellowButton)

        self.healthRedButton = QPushButton(RegisterForm)
        self.healthRedButton.setObjectName(u"healthRedButton")
        self.healthRedButton.setCheckable(True)

        self.healthColourLayout.addWidget(self.healthRedButton)

        self.healthGreyButton = QPushButton(RegisterForm)
        self.healthGreyButton.setObjectName(u"healthGreyButton")
        self.healthGreyButton.setCheckable(True)

        self.healthColourLayout.addWidget(self.healthGreyButton)


        self.checksGrid.addLayout(self.healthColourLayout, 1, 1, 1, 1)

        self.travelColourLabel = QLabel(RegisterForm)
        self.travelColourLabel.setObjectName(u"travelColourLabel")

        self.checksGrid.addWidget(self.travelColourLabel, 2, 0, 1, 1)

        self.travelColourLayout = QHBoxLayout()
        self.travelColourLayout.setObjectName(u"travelColourLayout")
        self.travelGreenButton = QPushButton(RegisterForm)
        self.travelGreenButton.setObjectName(u"travelGreenButton")
        self.travelGreenButton.setCheckable(True)

        self.travelColourLayout.addWidget(self.travelGreenButton)

        self.travelYellowButton = QPushButton(RegisterForm)
        self.travelYellowButton.setObjectName(u"travelYellowButton")
        self.travelYellowButton.setCheckable(True)

        self.travelColourLayout.addWidget(self.travelYellowButton)

        self.travelRedButton = QPushButton(RegisterForm)
        self.travelRedButton.setObjectName(u"travelRedButton")
        self.travelRedButton.setCheckable(True)

        self.travelColourLayout.addWidget(self.travelRedButton)


        self.checksGrid.addLayout(self.travelColourLayout, 2, 1, 1, 1)

        self.travelCitiesEdit = QLineEdit(RegisterForm)
        self.travelCitiesEdit.setObjectName(u"travelCitiesEdit")

        self.checksGrid.addWidget(self.travelCitiesEdit, 3, 1, 1, 1)

        self.natLabel = QLabel(RegisterForm)
        self.natLabel.setObjectName(u"natLabel")

        self.checksGrid.addWidget(self.natLabel, 4, 0, 1, 1)

        self.natLayout = QHBoxLayout()
        self.natLayout.setObjectName(u"natLayout")
        self.natResultCombo = QComboBox(RegisterForm)
        self.natResultCombo.setObjectName(u"natResultCombo")

        self.natLayout.addWidget(self.natResultCombo)

        self.natTimeEdit = QLineEdit(RegisterForm)
        self.natTimeEdit.setObjectName(u"natTimeEdit")

        self.natLayout.addWidget(self.natTimeEdit)


        self.checksGrid.addLayout(self.natLayout, 4, 1, 1, 1)

        self.natStatusLabel = QLabel(RegisterForm)
        self.natStatusLabel.setObjectName(u"natStatusLabel")
        self.natStatusLabel.setTextFormat(Qt.PlainText)

        self.checksGrid.addWidget(self.natStatusLabel, 5, 1, 1, 1)

        self.vaccineLabel = QLabel(RegisterForm)
        self.vaccineLabel.setObjectName(u"vaccineLabel")

        self.checksGrid.addWidget(self.vaccineLabel, 6, 0, 1, 1)

        self.vaccineSpin = QSpinBox(RegisterForm)
        self.vaccineSpin.setObjectName(u"vaccineSpin")
        self.vaccineSpin.setMinimum(-1)
        self.vaccineSpin.setMaximum(5)
        self.vaccineSpin.setValue(-1)

        self.checksGrid.addWidget(self.vaccineSpin, 6, 1, 1, 1)

        self.checkedButton = QPushButton(RegisterForm)
        self.checkedButton.setObjectName(u"checkedButton")
        self.checkedButton.setAutoDefault(False)

        self.checksGrid.addWidget(self.checkedButton, 7, 0, 1, 2)

        self.pledgeLabel = QLabel(RegisterForm)
        self.pledgeLabel.setObjectName(u"pledgeLabel")

        self.checksGrid.addWidget(self.pledgeLabel, 8, 0, 1, 1)

        self.pledgeLayout = QHBoxLayout()
        self.pledgeLayout.setObjectName(u"pledgeLayout")
        self.pledgePaperButton = QPushButton(RegisterForm)
        self.pledgePaperButton.setObjectName(u"pledgePaperButton")
        self.pledgePaperButton.setAutoDefault(False)

        self.pledgeLayout.addWidget(self.pledgePaperButton)

        self.pledgeSlipSpin = QSpinBox(RegisterForm)
        self.pledgeSlipSpin.setObjectName(u"pledgeSlipSpin")
        self.pledgeSlipSpin.setMinimum(1)
        self.pledgeSlipSpin.setMaximum(999999)

        self.pledgeLayout.addWidget(self.pledgeSlipSpin)

        self.pledgeSignButton = QPushButton(RegisterForm)
        self.pledgeSignButton.setObjectName(u"pledgeSignButton")
        self.pledgeSignButton.setAutoDefault(False)

        self.pledgeLayout.addWidget(self.pledgeSignButton)


        self.checksGrid.addLayout(self.pledgeLayout, 8, 1, 1, 1)

        self.pledgeStateLabel = QLabel(RegisterForm)
        self.pledgeStateLabel.setObjectName(u"pledgeStateLabel")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.pledgeStateLabel.sizePolicy().hasHeightForWidth())
        self.pledgeStateLabel.setSizePolicy(sizePolicy)
        self.pledgeStateLabel.setTextFormat(Qt.PlainText)

        self.checksGrid.addWidget(self.pledgeStateLabel, 9, 0, 1, 2)

        self.checksSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.checksGrid.addItem(self.checksSpacer, 10, 1, 1, 1)


        self.columnsLayout.addLayout(self.checksGrid)

        self.columnsLayout.setStretch(0, 1)
        self.columnsLayout.setStretch(1, 1)

        self.outerLayout.addLayout(self.columnsLayout)

        self.dispositionGroup = QGroupBox(RegisterForm)
        self.dispositionGroup.setObjectName(u"dispositionGroup")
        self.dispositionGrid = QGridLayout(self.dispositionGroup)
        self.dispositionGrid.setObjectName(u"dispositionGrid")
        self.suggestionLabel = QLabel(self.dispositionGroup)
        self.suggestionLabel.setObjectName(u"suggestionLabel")
        self.suggestionLabel.setTextFormat(Qt.PlainText)
        self.suggestionLabel.setWordWrap(True)

        self.dispositionGrid.addWidget(self.suggestionLabel, 0, 0, 1, 4)

        self.releaseButton = QPushButton(self.dispositionGroup)
        self.releaseButton.setObjectName(u"releaseButton")
        self.releaseButton.setCheckable(True)

        self.dispositionGrid.addWidget(self.releaseButton, 1, 0, 1, 1)

        self.releaseTestButton = QPushButton(self.dispositionGroup)
        self.releaseTestButton.setObjectName(u"releaseTestButton")
        self.releaseTestButton.setCheckable(True)

        self.dispositionGrid.addWidget(self.releaseTestButton, 1, 1, 1, 1)

        self.turnBackButton = QPushButton(self.dispositionGroup)
        self.turnBackButton.setObjectName(u"turnBackButton")
        self.turnBackButton.setCheckable(True)

        self.dispositionGrid.addWidget(self.turnBackButton, 1, 2, 1, 1)

        self.centralQuarantineButton = QPushButton(self.dispositionGroup)
        self.centralQuarantineButton.setObjectName(u"centralQuarantineButton")
        self.centralQuarantineButton.setCheckable(True)

        self.dispositionGrid.addWidget(self.centralQuarantineButton, 1, 3, 1, 1)

        self.homeQuarantineButton = QPushButton(self.dispositionGroup)
        self.homeQuarantineButton.setObjectName(u"homeQuarantineButton")
        self.homeQuarantineButton.setCheckable(True)

        self.dispositionGrid.addWidget(self.homeQuarantineButton, 2, 0, 1, 1)

        self.homeMonitoringButton = QPushButton(self.dispositionGroup)
        self.homeMonitoringButton.setObjectName(u"homeMonitoringButton")
        self.homeMonitoringButton.setCheckable(True)

        self.dispositionGrid.addWidget(self.homeMonitoringButton, 2, 1, 1, 1)

        self.feverClinicButton = QPushButton(self.dispositionGroup)
        self.feverClinicButton.setObjectName(u"feverClinicButton")
        self.feverClinicButton.setCheckable(True)

        self.dispositionGrid.addWidget(self.feverClinicButton, 2, 2, 1, 1)

        self.reasonNotesLayout = QHBoxLayout()
        self.reasonNotesLayout.setObjectName(u"reasonNotesLayout")
        self.overrideLabel = QLabel(self.dispositionGroup)
        self.overrideLabel.setObjectName(u"overrideLabel")

        self.reasonNotesLayout.addWidget(self.overrideLabel)

        self.overrideReasonEdit = QLineEdit(self.dispositionGroup)
        self.overrideReasonEdit.setObjectName(u"overrideReasonEdit")
        self.overrideReasonEdit.setMaxLength(200)

        self.reasonNotesLayout.addWidget(self.overrideReasonEdit)

        self.notesLabel = QLabel(self.dispositionGroup)
        self.notesLabel.setObjectName(u"notesLabel")

        self.reasonNotesLayout.addWidget(self.notesLabel)

        self.notesEdit = QLineEdit(self.dispositionGroup)
        self.notesEdit.setObjectName(u"notesEdit")
        self.notesEdit.setMaxLength(500)

        self.reasonNotesLayout.addWidget(self.notesEdit)


        self.dispositionGrid.addLayout(self.reasonNotesLayout, 4, 0, 1, 4)


        self.outerLayout.addWidget(self.dispositionGroup)

        self.problemLabel = QLabel(RegisterForm)
        self.problemLabel.setObjectName(u"problemLabel")
        self.problemLabel.setTextFormat(Qt.PlainText)
        self.problemLabel.setWordWrap(True)

        self.outerLayout.addWidget(self.problemLabel)

        self.buttonsLayout = QHBoxLayout()
        self.buttonsLayout.setObjectName(u"buttonsLayout")
        self.resetButton = QPushButton(RegisterForm)
        self.resetButton.setObjectName(u"resetButton")
        self.resetButton.setAutoDefault(False)

        self.buttonsLayout.addWidget(self.resetButton)

        self.buttonsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonsLayout.addItem(self.buttonsSpacer)

        self.nextInCarButton = QPushButton(RegisterForm)
        self.nextInCarButton.setObjectName(u"nextInCarButton")
        self.nextInCarButton.setAutoDefault(False)

        self.buttonsLayout.addWidget(self.nextInCarButton)

        self.wholeCarButton = QPushButton(RegisterForm)
        self.wholeCarButton.setObjectName(u"wholeCarButton")
        self.wholeCarButton.setAutoDefault(False)

        self.buttonsLayout.addWidget(self.wholeCarButton)

        self.saveButton = QPushButton(RegisterForm)
        self.saveButton.setObjectName(u"saveButton")

        self.buttonsLayout.addWidget(self.saveButton)


        self.outerLayout.addLayout(self.buttonsLayout)

#if QT_CONFIG(shortcut)
        self.docTypeLabel.setBuddy(self.docTypeCombo)
        self.docNumberLabel.setBuddy(self.docNumberEdit)
        self.nameLabel.setBuddy(self.nameEdit)
        self.phoneLabel.setBuddy(self.phoneEdit)
        self.plateLabel.setBuddy(self.plateEdit)
        self.originLabel.setBuddy(self.originEdit)
        self.destinationLabel.setBuddy(self.destinationCombo)
        self.reasonLabel.setBuddy(self.reasonCombo)
        self.temperatureLabel.setBuddy(self.temperatureEdit)
        self.natLabel.setBuddy(self.natResultCombo)
        self.vaccineLabel.setBuddy(self.vaccineSpin)
        self.pledgeLabel.setBuddy(self.pledgeSlipSpin)
        self.overrideLabel.setBuddy(self.overrideReasonEdit)
        self.notesLabel.setBuddy(self.notesEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.scanEdit, self.temperatureEdit)
        QWidget.setTabOrder(self.temperatureEdit, self.docTypeCombo)
        QWidget.setTabOrder(self.docTypeCombo, self.docNumberEdit)
        QWidget.setTabOrder(self.docNumberEdit, self.nameEdit)
        QWidget.setTabOrder(self.nameEdit, self.phoneEdit)
        QWidget.setTabOrder(self.phoneEdit, self.plateEdit)
        QWidget.setTabOrder(self.plateEdit, self.plateProvinceCombo)
        QWidget.setTabOrder(self.plateProvinceCombo, self.originEdit)
        QWidget.setTabOrder(self.originEdit, self.provinceCombo)
        QWidget.setTabOrder(self.provinceCombo, self.cityCombo)
        QWidget.setTabOrder(self.cityCombo, self.countyCombo)
        QWidget.setTabOrder(self.countyCombo, self.destinationCombo)
        QWidget.setTabOrder(self.destinationCombo, self.destinationAddressEdit)
        QWidget.setTabOrder(self.destinationAddressEdit, self.reasonCombo)
        QWidget.setTabOrder(self.reasonCombo, self.travelCitiesEdit)
        QWidget.setTabOrder(self.travelCitiesEdit, self.natResultCombo)
        QWidget.setTabOrder(self.natResultCombo, self.natTimeEdit)
        QWidget.setTabOrder(self.natTimeEdit, self.vaccineSpin)
        QWidget.setTabOrder(self.vaccineSpin, self.checkedButton)
        QWidget.setTabOrder(self.checkedButton, self.overrideReasonEdit)
        QWidget.setTabOrder(self.overrideReasonEdit, self.notesEdit)
        QWidget.setTabOrder(self.notesEdit, self.saveButton)
        QWidget.setTabOrder(self.saveButton, self.resetButton)

        self.retranslateUi(RegisterForm)

        self.saveButton.setDefault(True)


        QMetaObject.connectSlotsByName(RegisterForm)
    # setupUi

    def retranslateUi(self, RegisterForm):
        RegisterForm.setWindowTitle(QCoreApplication.translate("RegisterForm", u"\u65c5\u5ba2\u767b\u8bb0", None))
        self.scanEdit.setPlaceholderText(QCoreApplication.translate("RegisterForm", u"\u626b\u7801 / \u8f93\u5165\u8bc1\u4ef6\u53f7\u3001\u8f66\u724c\u3001\u624b\u673a\u53f7\u540e\u6309\u56de\u8f66\uff08F9\uff09", None))
        self.scanStatusLabel.setText(QCoreApplication.translate("RegisterForm", u"\u626b\u7801\u67aa\u5c31\u7eea", None))
        self.screenshotStatusLabel.setText("")
        self.warningsLabel.setText("")
        self.thumbnailLabel.setText(QCoreApplication.translate("RegisterForm", u"\u622a\u56fe Ctrl+V", None))
        self.carLabel.setText("")
        self.docTypeLabel.setText(QCoreApplication.translate("RegisterForm", u"\u8bc1\u4ef6\u7c7b\u578b", None))
        self.docNumberLabel.setText(QCoreApplication.translate("RegisterForm", u"\u8bc1\u4ef6\u53f7\u7801(&D)", None))
        self.docHintLabel.setText("")
        self.nameLabel.setText(QCoreApplication.translate("RegisterForm", u"\u59d3\u540d(&N)", None))
        self.phoneLabel.setText(QCoreApplication.translate("RegisterForm", u"\u624b\u673a\u53f7(&P)", None))
        self.phoneHintLabel.setText("")
        self.plateLabel.setText(QCoreApplication.translate("RegisterForm", u"\u8f66\u724c(&L)", None))
#if QT_CONFIG(tooltip)
        self.plateProvinceCombo.setToolTip(QCoreApplication.translate("RegisterForm", u"\u4e0d\u5e26\u7701\u4efd\u7b80\u79f0\u7684\u8f66\u724c\uff08\u5982 P12345\uff09\u4f7f\u7528\u8fd9\u91cc\u7684\u7701\u4efd", None))
#endif // QT_CONFIG(tooltip)
        self.plateEdit.setPlaceholderText(QCoreApplication.translate("RegisterForm", u"\u5982 \u8c6bP12345\uff0c\u53ef\u7a7a", None))
        self.plateHintLabel.setText("")
        self.originLabel.setText(QCoreApplication.translate("RegisterForm", u"\u6765\u6e90\u5730(&O)", None))
        self.originEdit.setPlaceholderText(QCoreApplication.translate("RegisterForm", u"\u8f93\u5165\u5730\u540d\u67e5\u627e\uff0c\u5982\u300c\u6d66\u4e1c\u300d\u300c\u90d1\u5dde\u300d", None))
        self.destinationLabel.setText(QCoreApplication.translate("RegisterForm", u"\u76ee\u7684\u4e61\u9547", None))
        self.destinationAddressEdit.setPlaceholderText(QCoreApplication.translate("RegisterForm", u"\u6751\uff08\u793e\u533a\uff09/\u8be6\u7ec6\u5730\u5740\uff0c\u9009\u586b", None))
#if QT_CONFIG(accessibility)
        self.destinationAddressEdit.setAccessibleName(QCoreApplication.translate("RegisterForm", u"\u76ee\u7684\u5730\u5740", None))
#endif // QT_CONFIG(accessibility)
        self.reasonLabel.setText(QCoreApplication.translate("RegisterForm", u"\u4e8b\u7531", None))
        self.temperatureLabel.setText(QCoreApplication.translate("RegisterForm", u"\u4f53\u6e29 \u00b0C(&W)", None))
        self.temperatureEdit.setPlaceholderText(QCoreApplication.translate("RegisterForm", u"\u5982 36.5", None))
        self.temperatureHintLabel.setText("")
        self.healthColourLabel.setText(QCoreApplication.translate("RegisterForm", u"\u5065\u5eb7\u7801", None))
        self.healthGreenButton.setText(QCoreApplication.translate("RegisterForm", u"\u7eff\u7801 Ctrl+1", None))
        self.healthYellowButton.setText(QCoreApplication.translate("RegisterForm", u"\u9ec4\u7801 Ctrl+2", None))
        self.healthRedButton.setText(QCoreApplication.translate("RegisterForm", u"\u7ea2\u7801 Ctrl+3", None))
        self.healthGreyButton.setText(QCoreApplication.translate("RegisterForm", u"\u7070\u7801 Ctrl+4", None))
        self.travelColourLabel.setText(QCoreApplication.translate("RegisterForm", u"\u884c\u7a0b\u5361", None))
        self.travelGreenButton.setText(QCoreApplication.translate("RegisterForm", u"\u7eff Alt+1", None))
        self.travelYellowButton.setText(QCoreApplication.translate("RegisterForm", u"\u9ec4 Alt+2", None))
        self.travelRedButton.setText(QCoreApplication.translate("RegisterForm", u"\u7ea2 Alt+3", None))
        self.travelCitiesEdit.setPlaceholderText(QCoreApplication.translate("RegisterForm", u"\u9014\u7ecf\u57ce\u5e02\uff0c\u9017\u53f7\u5206\u9694\uff0c\u5e26 * \u8868\u793a\u6709\u4e2d\u9ad8\u98ce\u9669", None))
        self.natLabel.setText(QCoreApplication.translate("RegisterForm", u"\u6838\u9178(&H)", None))
        self.natTimeEdit.setPlaceholderText(QCoreApplication.translate("RegisterForm", u"\u91c7\u6837\u65f6\u95f4\uff1a\u51e0\u5c0f\u65f6\u524d / 08:30 / 4-10 08:30", None))
        self.natStatusLabel.setText("")
        self.vaccineLabel.setText(QCoreApplication.translate("RegisterForm", u"\u75ab\u82d7\u5242\u6b21", None))
        self.vaccineSpin.setSpecialValueText(QCoreApplication.translate("RegisterForm", u"\u672a\u767b\u8bb0", None))
        self.checkedButton.setText(QCoreApplication.translate("RegisterForm", u"F12 \u5df2\u5728\u624b\u673a\u4e0a\u67e5\u770b\uff1a\u7eff\u7801 \u00b7 \u884c\u7a0b\u5361\u7eff \u00b7 \u6838\u9178 48 \u5c0f\u65f6\u5185\u9634\u6027", None))
#if QT_CONFIG(tooltip)
        self.checkedButton.setToolTip(QCoreApplication.translate("RegisterForm", u"\u53ea\u586b\u8fd8\u672a\u67e5\u9a8c\u7684\u9879\u76ee\uff1b\u622a\u56fe\u3001\u626b\u7801\u6216\u6309\u952e\u5df2\u586b\u7684\u989c\u8272\u4e0d\u53d8", None))
#endif // QT_CONFIG(tooltip)
        self.pledgeLabel.setText(QCoreApplication.translate("RegisterForm", u"\u627f\u8bfa\u4e66", None))
        self.pledgePaperButton.setText(QCoreApplication.translate("RegisterForm", u"\u7eb8\u8d28 Shift+F12", None))
#if QT_CONFIG(tooltip)
        self.pledgePaperButton.setToolTip(QCoreApplication.translate("RegisterForm", u"\u65c5\u5ba2\u5df2\u5728\u7eb8\u8d28\u627f\u8bfa\u4e66\u4e0a\u7b7e\u5b57\uff0c\u8bb0\u4e0b\u53f3\u8fb9\u7684\u7f16\u53f7", None))
#endif // QT_CONFIG(tooltip)
        self.pledgeSlipSpin.setPrefix(QCoreApplication.translate("RegisterForm", u"\u7f16\u53f7 ", None))
#if QT_CONFIG(tooltip)
        self.pledgeSlipSpin.setToolTip(QCoreApplication.translate("RegisterForm", u"\u672c\u5361\u70b9\u7eb8\u8d28\u627f\u8bfa\u4e66\u7684\u4e0b\u4e00\u5f20\u7f16\u53f7\uff1b\u6362\u65b0\u672c\u65f6\u6539\u8fd9\u91cc", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.pledgeSlipSpin.setAccessibleName(QCoreApplication.translate("RegisterForm", u"\u7eb8\u8d28\u627f\u8bfa\u4e66\u7f16\u53f7", None))
#endif // QT_CONFIG(accessibility)
        self.pledgeSignButton.setText(QCoreApplication.translate("RegisterForm", u"\u5c4f\u5e55\u7b7e Shift+F11", None))
#if QT_CONFIG(tooltip)
        self.pledgeSignButton.setToolTip(QCoreApplication.translate("RegisterForm", u"\u5728\u7b7e\u5b57\u5c4f\u4e0a\u663e\u793a\u627f\u8bfa\u4e66\uff0c\u65c5\u5ba2\u7b7e\u540d\u6216\u62d2\u7b7e\uff08Alt+R\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.pledgeStateLabel.setText(QCoreApplication.translate("RegisterForm", u"\u672a\u7b7e", None))
        self.dispositionGroup.setTitle(QCoreApplication.translate("RegisterForm", u"\u5904\u7f6e", None))
        self.suggestionLabel.setText("")
        self.releaseButton.setText(QCoreApplication.translate("RegisterForm", u"F1 \u653e\u884c", None))
        self.releaseTestButton.setText(QCoreApplication.translate("RegisterForm", u"F2 \u653e\u884c+\u843d\u5730\u68c0", None))
        self.turnBackButton.setText(QCoreApplication.translate("RegisterForm", u"F3 \u529d\u8fd4", None))
        self.centralQuarantineButton.setText(QCoreApplication.translate("RegisterForm", u"F4 \u96c6\u4e2d\u9694\u79bb", None))
        self.homeQuarantineButton.setText(QCoreApplication.translate("RegisterForm", u"F5 \u5c45\u5bb6\u9694\u79bb", None))
        self.homeMonitoringButton.setText(QCoreApplication.translate("RegisterForm", u"F6 \u5c45\u5bb6\u5065\u5eb7\u76d1\u6d4b", None))
        self.feverClinicButton.setText(QCoreApplication.translate("RegisterForm", u"F7 \u8f6c\u8fd0\u53d1\u70ed\u95e8\u8bca", None))
        self.overrideLabel.setText(QCoreApplication.translate("RegisterForm", u"\u539f\u56e0(&R)", None))
        self.overrideReasonEdit.setPlaceholderText(QCoreApplication.translate("RegisterForm", u"\u4e0d\u6309\u5efa\u8bae\u5904\u7f6e\u6216\u672a\u67e5\u9a8c\u65f6\u5fc5\u586b", None))
        self.notesLabel.setText(QCoreApplication.translate("RegisterForm", u"\u5907\u6ce8", None))
        self.problemLabel.setText("")
        self.resetButton.setText(QCoreApplication.translate("RegisterForm", u"\u91cd\u65b0\u5f00\u59cb (Esc)", None))
        self.nextInCarButton.setText(QCoreApplication.translate("RegisterForm", u"\u540c\u8f66\u4e0b\u4e00\u4eba (F8)", None))
#if QT_CONFIG(tooltip)
        self.nextInCarButton.setToolTip(QCoreApplication.translate("RegisterForm", u"\u4fdd\u5b58\u672c\u4eba\uff0c\u8f66\u724c\u3001\u6765\u6e90\u5730\u548c\u76ee\u7684\u5730\u7559\u7ed9\u540c\u8f66\u7684\u4e0b\u4e00\u4eba", None))
#endif // QT_CONFIG(tooltip)
        self.wholeCarButton.setText(QCoreApplication.translate("RegisterForm", u"\u6574\u8f66\u540c\u5904\u7f6e (Shift+F8)", None))
#if QT_CONFIG(tooltip)
        self.wholeCarButton.setToolTip(QCoreApplication.translate("RegisterForm", u"\u4fdd\u5b58\u672c\u4eba\uff0c\u5e76\u628a\u672c\u4eba\u7684\u5904\u7f6e\u7528\u4e8e\u540c\u8f66\u6240\u6709\u4eba", None))
#endif // QT_CONFIG(tooltip)
        self.saveButton.setText(QCoreApplication.translate("RegisterForm", u"\u4fdd\u5b58 (Enter)", None))
    # retranslateUi

