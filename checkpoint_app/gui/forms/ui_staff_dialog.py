# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'staff_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDialog,
    QDialogButtonBox, QFormLayout, QGroupBox, QLabel,
    QLineEdit, QListWidget, QListWidgetItem, QProgressBar,
    QPushButton, QSizePolicy, QVBoxLayout, QWidget)

class Ui_StaffDialog(object):
    def setupUi(self, StaffDialog):
        if not StaffDialog.objectName():
            StaffDialog.setObjectName(u"StaffDialog")
        StaffDialog.resize(460, 560)
        self.layout = QVBoxLayout(StaffDialog)
        self.layout.setObjectName(u"layout")
        self.staffList = QListWidget(StaffDialog)
        self.staffList.setObjectName(u"staffList")

        self.layout.addWidget(self.staffList)

        self.addGroup = QGroupBox(StaffDialog)
        self.addGroup.setObjectName(u"addGroup")
        self.formLayout = QFormLayout(self.addGroup)
        self.formLayout.setObjectName(u"formLayout")
        self.nameLabel = QLabel(self.addGroup)
        self.nameLabel.setObjectName(u"nameLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.nameLabel)

        self.nameEdit = QLineEdit(self.addGroup)
        self.nameEdit.setObjectName(u"nameEdit")
        self.nameEdit.setMaxLength(40)

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.nameEdit)

        self.roleLabel = QLabel(self.addGroup)
        self.roleLabel.setObjectName(u"roleLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.roleLabel)

        self.roleCombo = QComboBox(self.addGroup)
        self.roleCombo.setObjectName(u"roleCombo")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.roleCombo)

        self.pinLabel = QLabel(self.addGroup)
        self.pinLabel.setObjectName(u"pinLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.pinLabel)

        self.pinEdit = QLineEdit(self.addGroup)
        self.pinEdit.setObjectName(u"pinEdit")
        self.pinEdit.setEchoMode(QLineEdit.Password)
        self.pinEdit.setMaxLength(12)

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.pinEdit)

        self.pinAgainLabel = QLabel(self.addGroup)
        self.pinAgainLabel.setObjectName(u"pinAgainLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.pinAgainLabel)

        self.pinAgainEdit = QLineEdit(self.addGroup)
        self.pinAgainEdit.setObjectName(u"pinAgainEdit")
        self.pinAgainEdit.setEchoMode(QLineEdit.Password)
        self.pinAgainEdit.setMaxLength(12)

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.pinAgainEdit)

        self.addButton = QPushButton(self.addGroup)
        self.addButton.setObjectName(u"addButton")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.addButton)


        self.layout.addWidget(self.addGroup)

        self.resetGroup = QGroupBox(StaffDialog)
        self.resetGroup.setObjectName(u"resetGroup")
        self.resetLayout = QFormLayout(self.resetGroup)
        self.resetLayout.setObjectName(u"resetLayout")
        self.resetPinLabel = QLabel(self.resetGroup)
        self.resetPinLabel.setObjectName(u"resetPinLabel")

        self.resetLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.resetPinLabel)

        self.resetPinEdit = QLineEdit(self.resetGroup)
        self.resetPinEdit.setObjectName(u"resetPinEdit")
        self.resetPinEdit.setEchoMode(QLineEdit.Password)
        self.resetPinEdit.setMaxLength(8)

        self.resetLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.resetPinEdit)

        self.resetPinAgainLabel = QLabel(self.resetGroup)
        self.resetPinAgainLabel.setObjectName(u"resetPinAgainLabel")

        self.resetLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.resetPinAgainLabel)

        self.resetPinAgainEdit = QLineEdit(self.resetGroup)
        self.resetPinAgainEdit.setObjectName(u"resetPinAgainEdit")
        self.resetPinAgainEdit.setEchoMode(QLineEdit.Password)
        self.resetPinAgainEdit.setMaxLength(8)

        self.resetLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.resetPinAgainEdit)

        self.resetButton = QPushButton(self.resetGroup)
        self.resetButton.setObjectName(u"resetButton")

        self.resetLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.resetButton)


        self.layout.addWidget(self.resetGroup)

        self.busyBar = QProgressBar(StaffDialog)
        self.busyBar.setObjectName(u"busyBar")
        self.busyBar.setMinimum(0)
        self.busyBar.setMaximum(0)
        self.busyBar.setTextVisible(False)
        self.busyBar.setMaximumSize(QSize(16777215, 8))

        self.layout.addWidget(self.busyBar)

        self.messageLabel = QLabel(StaffDialog)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setTextFormat(Qt.PlainText)
        self.messageLabel.setWordWrap(True)

        self.layout.addWidget(self.messageLabel)

        self.buttonBox = QDialogButtonBox(StaffDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Close)

        self.layout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.nameLabel.setBuddy(self.nameEdit)
        self.roleLabel.setBuddy(self.roleCombo)
        self.pinLabel.setBuddy(self.pinEdit)
        self.pinAgainLabel.setBuddy(self.pinAgainEdit)
        self.resetPinLabel.setBuddy(self.resetPinEdit)
        self.resetPinAgainLabel.setBuddy(self.resetPinAgainEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(StaffDialog)

        QMetaObject.connectSlotsByName(StaffDialog)
    # setupUi

    def retranslateUi(self, StaffDialog):
        StaffDialog.setWindowTitle(QCoreApplication.translate("StaffDialog", u"\u5de5\u4f5c\u4eba\u5458", None))
        self.addGroup.setTitle(QCoreApplication.translate("StaffDialog", u"\u6dfb\u52a0\u5de5\u4f5c\u4eba\u5458", None))
        self.nameLabel.setText(QCoreApplication.translate("StaffDialog", u"\u59d3\u540d(&N)", None))
        self.roleLabel.setText(QCoreApplication.translate("StaffDialog", u"\u89d2\u8272", None))
        self.pinLabel.setText(QCoreApplication.translate("StaffDialog", u"PIN(&P)", None))
        self.pinAgainLabel.setText(QCoreApplication.translate("StaffDialog", u"\u518d\u6b21\u8f93\u5165 PIN", None))
        self.addButton.setText(QCoreApplication.translate("StaffDialog", u"\u6dfb\u52a0(&A)", None))
        self.resetGroup.setTitle(QCoreApplication.translate("StaffDialog", u"\u91cd\u7f6e\u6240\u9009\u4eba\u5458\u7684 PIN", None))
        self.resetPinLabel.setText(QCoreApplication.translate("StaffDialog", u"\u65b0 PIN(&R)", None))
        self.resetPinAgainLabel.setText(QCoreApplication.translate("StaffDialog", u"\u518d\u6b21\u8f93\u5165\u65b0 PIN", None))
        self.resetButton.setText(QCoreApplication.translate("StaffDialog", u"\u91cd\u7f6e PIN(&S)", None))
        self.messageLabel.setText("")
    # retranslateUi

