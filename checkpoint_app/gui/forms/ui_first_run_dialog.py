# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'first_run_dialog.ui'
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
    QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QPushButton, QSizePolicy, QSpacerItem,
    QStackedWidget, QVBoxLayout, QWidget)

class Ui_FirstRunDialog(object):
    def setupUi(self, FirstRunDialog):
        if not FirstRunDialog.objectName():
            FirstRunDialog.setObjectName(u"FirstRunDialog")
        FirstRunDialog.resize(500, 360)
        self.layout = QVBoxLayout(FirstRunDialog)
        self.layout.setObjectName(u"layout")
        self.pages = QStackedWidget(FirstRunDialog)
        self.pages.setObjectName(u"pages")
        self.setupPage = QWidget()
        self.setupPage.setObjectName(u"setupPage")
        self.setupLayout = QVBoxLayout(self.setupPage)
        self.setupLayout.setObjectName(u"setupLayout")
        self.setupLayout.setContentsMargins(0, 0, 0, 0)
        self.introLabel = QLabel(self.setupPage)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setTextFormat(Qt.PlainText)
        self.introLabel.setWordWrap(True)

        self.setupLayout.addWidget(self.introLabel)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.checkpointNameLabel = QLabel(self.setupPage)
        self.checkpointNameLabel.setObjectName(u"checkpointNameLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.checkpointNameLabel)

        self.checkpointNameEdit = QLineEdit(self.setupPage)
        self.checkpointNameEdit.setObjectName(u"checkpointNameEdit")
        self.checkpointNameEdit.setMaxLength(60)

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.checkpointNameEdit)

        self.kindLabel = QLabel(self.setupPage)
        self.kindLabel.setObjectName(u"kindLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.kindLabel)

        self.kindCombo = QComboBox(self.setupPage)
        self.kindCombo.setObjectName(u"kindCombo")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.kindCombo)

        self.townshipLabel = QLabel(self.setupPage)
        self.townshipLabel.setObjectName(u"townshipLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.townshipLabel)

        self.townshipCombo = QComboBox(self.setupPage)
        self.townshipCombo.setObjectName(u"townshipCombo")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.townshipCombo)

        self.adminNameLabel = QLabel(self.setupPage)
        self.adminNameLabel.setObjectName(u"adminNameLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.adminNameLabel)

        self.adminNameEdit = QLineEdit(self.setupPage)
        self.adminNameEdit.setObjectName(u"adminNameEdit")
        self.adminNameEdit.setMaxLength(40)

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.adminNameEdit)

        self.pinLabel = QLabel(self.setupPage)
        self.pinLabel.setObjectName(u"pinLabel")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.pinLabel)

        self.pinEdit = QLineEdit(self.setupPage)
        self.pinEdit.setObjectName(u"pinEdit")
        self.pinEdit.setEchoMode(QLineEdit.Password)
        self.pinEdit.setMaxLength(12)

        self.formLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.pinEdit)

        self.pinAgainLabel = QLabel(self.setupPage)
        self.pinAgainLabel.setObjectName(u"pinAgainLabel")

        self.formLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.pinAgainLabel)

        self.pinAgainEdit = QLineEdit(self.setupPage)
        self.pinAgainEdit.setObjectName(u"pinAgainEdit")
        self.pinAgainEdit.setEchoMode(QLineEdit.Password)
        self.pinAgainEdit.setMaxLength(12)

        self.formLayout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.pinAgainEdit)


        self.setupLayout.addLayout(self.formLayout)

        self.pages.addWidget(self.setupPage)
        self.countyPage = QWidget()
        self.countyPage.setObjectName(u"countyPage")
        self.countyLayout = QVBoxLayout(self.countyPage)
        self.countyLayout.setObjectName(u"countyLayout")
        self.countyLayout.setContentsMargins(0, 0, 0, 0)
        self.countyIntroLabel = QLabel(self.countyPage)
        self.countyIntroLabel.setObjectName(u"countyIntroLabel")
        self.countyIntroLabel.setTextFormat(Qt.PlainText)
        self.countyIntroLabel.setWordWrap(True)

        self.countyLayout.addWidget(self.countyIntroLabel)

        self.countyFormLayout = QFormLayout()
        self.countyFormLayout.setObjectName(u"countyFormLayout")
        self.serverLabel = QLabel(self.countyPage)
        self.serverLabel.setObjectName(u"serverLabel")

        self.countyFormLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.serverLabel)

        self.serverEdit = QLineEdit(self.countyPage)
        self.serverEdit.setObjectName(u"serverEdit")
        self.serverEdit.setMaxLength(200)

        self.countyFormLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.serverEdit)

        self.codeLabel = QLabel(self.countyPage)
        self.codeLabel.setObjectName(u"codeLabel")

        self.countyFormLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.codeLabel)

        self.codeEdit = QLineEdit(self.countyPage)
        self.codeEdit.setObjectName(u"codeEdit")
        self.codeEdit.setMaxLength(32)

        self.countyFormLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.codeEdit)


        self.countyLayout.addLayout(self.countyFormLayout)

        self.countySpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.countyLayout.addItem(self.countySpacer)

        self.countyButtons = QHBoxLayout()
        self.countyButtons.setObjectName(u"countyButtons")
        self.countyButtonsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.countyButtons.addItem(self.countyButtonsSpacer)

        self.skipButton = QPushButton(self.countyPage)
        self.skipButton.setObjectName(u"skipButton")

        self.countyButtons.addWidget(self.skipButton)

        self.enrollButton = QPushButton(self.countyPage)
        self.enrollButton.setObjectName(u"enrollButton")

        self.countyButtons.addWidget(self.enrollButton)

        self.finishButton = QPushButton(self.countyPage)
        self.finishButton.setObjectName(u"finishButton")

        self.countyButtons.addWidget(self.finishButton)


        self.countyLayout.addLayout(self.countyButtons)

        self.pages.addWidget(self.countyPage)

        self.layout.addWidget(self.pages)

        self.messageLabel = QLabel(FirstRunDialog)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setTextFormat(Qt.PlainText)
        self.messageLabel.setWordWrap(True)

        self.layout.addWidget(self.messageLabel)

        self.buttonBox = QDialogButtonBox(FirstRunDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Cancel|QDialogButtonBox.Ok)

        self.layout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.checkpointNameLabel.setBuddy(self.checkpointNameEdit)
        self.kindLabel.setBuddy(self.kindCombo)
        self.townshipLabel.setBuddy(self.townshipCombo)
        self.adminNameLabel.setBuddy(self.adminNameEdit)
        self.pinLabel.setBuddy(self.pinEdit)
        self.pinAgainLabel.setBuddy(self.pinAgainEdit)
        self.serverLabel.setBuddy(self.serverEdit)
        self.codeLabel.setBuddy(self.codeEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.checkpointNameEdit, self.kindCombo)
        QWidget.setTabOrder(self.kindCombo, self.townshipCombo)
        QWidget.setTabOrder(self.townshipCombo, self.adminNameEdit)
        QWidget.setTabOrder(self.adminNameEdit, self.pinEdit)
        QWidget.setTabOrder(self.pinEdit, self.pinAgainEdit)
        QWidget.setTabOrder(self.pinAgainEdit, self.serverEdit)
        QWidget.setTabOrder(self.serverEdit, self.codeEdit)
        QWidget.setTabOrder(self.codeEdit, self.enrollButton)
        QWidget.setTabOrder(self.enrollButton, self.skipButton)
        QWidget.setTabOrder(self.skipButton, self.finishButton)

        self.retranslateUi(FirstRunDialog)

        QMetaObject.connectSlotsByName(FirstRunDialog)
    # setupUi

    def retranslateUi(self, FirstRunDialog):
        FirstRunDialog.setWindowTitle(QCoreApplication.translate("FirstRunDialog", u"\u9996\u6b21\u4f7f\u7528\uff1a\u8bbe\u7f6e\u5361\u70b9", None))
        self.introLabel.setText(QCoreApplication.translate("FirstRunDialog", u"\u7b2c 1 \u6b65\uff08\u5171 2 \u6b65\uff09\uff1a\u8bf7\u586b\u5199\u672c\u5361\u70b9\u4fe1\u606f\uff0c\u5e76\u521b\u5efa\u7b2c\u4e00\u4f4d\u7ba1\u7406\u5458\uff08\u6b64\u540e\u7531\u5176\u6dfb\u52a0\u5176\u4ed6\u5de5\u4f5c\u4eba\u5458\uff09\u3002\u5361\u70b9\u4fe1\u606f\u4ee5\u540e\u53ef\u7531\u7ba1\u7406\u5458\u5728\u201c\u5de5\u5177 \u2192 \u5361\u70b9\u4fe1\u606f\u201d\u4e2d\u4fee\u6539\u3002", None))
        self.checkpointNameLabel.setText(QCoreApplication.translate("FirstRunDialog", u"\u5361\u70b9\u540d\u79f0(&C)", None))
        self.checkpointNameEdit.setPlaceholderText(QCoreApplication.translate("FirstRunDialog", u"\u5982 \u5b81\u6d1b\u9ad8\u901f\u8c2d\u5e84\u7ad9", None))
        self.kindLabel.setText(QCoreApplication.translate("FirstRunDialog", u"\u5361\u70b9\u7c7b\u578b", None))
        self.townshipLabel.setText(QCoreApplication.translate("FirstRunDialog", u"\u6240\u5c5e\u4e61\u9547", None))
        self.adminNameLabel.setText(QCoreApplication.translate("FirstRunDialog", u"\u7ba1\u7406\u5458\u59d3\u540d(&A)", None))
        self.pinLabel.setText(QCoreApplication.translate("FirstRunDialog", u"PIN(&P)", None))
        self.pinAgainLabel.setText(QCoreApplication.translate("FirstRunDialog", u"\u518d\u6b21\u8f93\u5165 PIN", None))
        self.countyIntroLabel.setText(QCoreApplication.translate("FirstRunDialog", u"\u7b2c 2 \u6b65\uff08\u5171 2 \u6b65\uff0c\u53ef\u8df3\u8fc7\uff09\uff1a\u6ce8\u518c\u5230\u53bf\u5e73\u53f0\u3002\u586b\u5199\u53bf\u6307\u6325\u90e8\u63d0\u4f9b\u7684\u5e73\u53f0\u5730\u5740\u548c\u6ce8\u518c\u7801\uff0c\u6ce8\u518c\u540e\u672c\u673a\u5728\u8054\u7f51\u65f6\u81ea\u52a8\u540c\u6b65\u3002\u6ca1\u6709\u7f51\u7edc\u6216\u6682\u65f6\u6ca1\u6709\u6ce8\u518c\u7801\u65f6\uff0c\u8bf7\u6309\u201c\u8df3\u8fc7\u201d\uff0c\u4ee5\u540e\u5728\u201c\u540c\u6b65 \u2192 \u6ce8\u518c\u5230\u53bf\u5e73\u53f0\u201d\u4e2d\u6ce8\u518c\uff1b\u767b\u8bb0\u5de5\u4f5c\u4e0d\u53d7\u5f71\u54cd\u3002", None))
        self.serverLabel.setText(QCoreApplication.translate("FirstRunDialog", u"\u5e73\u53f0\u5730\u5740(&S)", None))
        self.serverEdit.setPlaceholderText(QCoreApplication.translate("FirstRunDialog", u"\u5982 https://county.example:8700", None))
        self.codeLabel.setText(QCoreApplication.translate("FirstRunDialog", u"\u6ce8\u518c\u7801(&E)", None))
        self.skipButton.setText(QCoreApplication.translate("FirstRunDialog", u"\u8df3\u8fc7\uff0c\u4ee5\u540e\u518d\u6ce8\u518c(&L)", None))
        self.enrollButton.setText(QCoreApplication.translate("FirstRunDialog", u"\u6ce8\u518c(&R)", None))
        self.finishButton.setText(QCoreApplication.translate("FirstRunDialog", u"\u5b8c\u6210(&F)", None))
        self.messageLabel.setText("")
    # retranslateUi

